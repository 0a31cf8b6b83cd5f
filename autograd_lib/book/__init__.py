"""The book's own helpers: Part I's point-cloud losses and descent loops, drawing, plotting,
timing, the Numba kernels of chapter 6 and the exercise checkers. Not part of the engines."""
