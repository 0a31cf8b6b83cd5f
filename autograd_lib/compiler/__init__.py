"""The graph compiler that chapter 12 builds: tracer, passes and code generators.

The reader writes it in the page, and nbdev exports it to `autograd_lib.reader.compiler`
(one notebook, one module); this package is its public face, so that code outside the book
can write ``from autograd_lib.compiler import jit``.

- tracing: `trace` runs a function on `Tracer` stand-ins and returns a `Program`
  (`format_program` prints it one operation a line); `ConcretizationError` is raised when
  Python needs a traced value, `TracingError` for anything else the tracer cannot record;
- passes: `dead_code`, `fold_constants`, `fold_broadcasts`, `simplify` (all three in
  order) and `assign_buffers` (buffer reuse by liveness);
- code generation: `numpy_source` (NumPy calls with ``out=``), `fuse` and `numba_source`
  (one Numba function, elementwise runs fused into loops, matrix products to BLAS);
- `jit`: all of it behind a cache keyed by shapes, dtypes and other arguments, falling back
  to eager execution when tracing fails.
"""

from autograd_lib.reader.compiler import (
    Compiled,
    ConcretizationError,
    Program,
    Tracer,
    TracingError,
    assign_buffers,
    dead_code,
    fold_broadcasts,
    fold_constants,
    format_program,
    fuse,
    jit,
    numba_source,
    numpy_source,
    simplify,
    trace,
)

__all__ = [
    "Compiled",
    "ConcretizationError",
    "Program",
    "Tracer",
    "TracingError",
    "assign_buffers",
    "dead_code",
    "fold_broadcasts",
    "fold_constants",
    "format_program",
    "fuse",
    "jit",
    "numba_source",
    "numpy_source",
    "simplify",
    "trace",
]
