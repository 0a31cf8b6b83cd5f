"""Chapter 6's comparison: the reader's fused parallel Numba kernel against PyTorch, NumPy, memory.

The kernels are those chapter 6 writes, exported to ``autograd_lib.reader.kernels`` and run
through the checked wrappers of ``autograd_lib.book.kernels``.

For the Euclidean loss and its gradient at N = 10^6 and 10^7 points, prints how many times
faster the fused kernel is than PyTorch's autograd and than NumPy, and its time divided by
the copy-bandwidth bound: the time to read the points once (16 bytes a point) at the rate a
large copy moves bytes, measured with one thread (``np.copyto``) and with all Numba threads.
Goals: at N = 10^7, at least 30x faster than PyTorch and within 1.2x of the bound.
"""

import numba
import numpy as np
import torch

from autograd_lib.book import kernels
from autograd_lib.book.point_cloud import make_cloud
from autograd_lib.book.timing import median_time

SIZES = (10**6, 10**7)
REPEAT = 7


def main() -> None:
    torch.set_num_threads(1)
    threads = numba.get_num_threads()
    print(f"loss + gradient, 2-D float64 points; median of {REPEAT} runs each; "
          f"PyTorch and NumPy on 1 thread, Numba parallel on {threads}")
    header = ("N", "fused ms", "torch/fused", "numpy/fused",
              "fused/bound (1 thread)", f"fused/bound ({threads} threads)")
    print("  ".join(f"{h:>{max(len(h), 9)}}" for h in header))
    p = np.array([0.5, 0.5])
    for n in SIZES:
        points = make_cloud(n, seed=0)
        time = {name: median_time(lambda f=f, points=points: f(p, points), repeat=REPEAT)
                for name, f in kernels.IMPLEMENTATIONS.items()}
        fused = time["Numba fused"]
        bounds = [points.nbytes / kernels.copy_bandwidth(points.nbytes, parallel, REPEAT)
                  for parallel in (False, True)]
        row = (f"{n:.0e}", f"{fused * 1e3:.2f}", f"{time['PyTorch autograd'] / fused:.1f}x",
               f"{time['NumPy'] / fused:.1f}x", *(f"{fused / bound:.2f}" for bound in bounds))
        print("  ".join(f"{v:>{max(len(h), 9)}}" for v, h in zip(row, header, strict=True)),
              flush=True)


if __name__ == "__main__":
    main()
