"""The graph compiler that chapter 12 builds: tracer, passes and code generators.

The reader writes it in the page, and nbdev exports it here one module a stage, so that
code outside the book can write ``from autograd_lib.compiler import jit``:

- `program`: values, equations and programs (`format_program` prints one operation a
  line), the primitives, and the errors: `ConcretizationError` when Python needs a traced
  value, `TracingError` for anything else the tracer cannot record;
- `tracer`: `trace` runs a function on `Tracer` stand-ins and returns a `Program`;
- `passes`: `dead_code`, `fold_constants`, `fold_broadcasts`, `simplify` (all three in
  order) and `assign_buffers` (buffer reuse by liveness);
- `codegen`: `numpy_source` (NumPy calls with ``out=``);
- `fusion`: `fuse` and `numba_source` (one Numba function, elementwise runs fused into
  loops, matrix products to BLAS);
- `jit`: all of it behind a cache keyed by shapes, dtypes and other arguments, falling back
  to eager execution when tracing fails;
- `step`: the training step on chapter 8's engine that the chapter and the benchmarks compile.
"""

from autograd_lib.compiler.codegen import numpy_source
from autograd_lib.compiler.fusion import fuse, numba_source
from autograd_lib.compiler.jit import Compiled, jit
from autograd_lib.compiler.passes import (
    assign_buffers,
    dead_code,
    fold_broadcasts,
    fold_constants,
    simplify,
)
from autograd_lib.compiler.program import (
    ConcretizationError,
    Program,
    TracingError,
    format_program,
)
from autograd_lib.compiler.tracer import Tracer, trace

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
