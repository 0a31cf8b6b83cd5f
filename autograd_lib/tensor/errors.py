"""The errors the tensor engine raises in its own words (a leaf: it imports nothing)."""


class ShapeError(ValueError, RuntimeError):
    """Shapes that do not fit an operation. Both a ValueError (the Python habit) and a
    RuntimeError (what PyTorch raises), so either ``except`` catches it."""


class DtypeError(TypeError, RuntimeError):
    """dtypes that an operation does not combine (float32 @ float64). A TypeError (the
    Python habit) and a RuntimeError (what PyTorch raises), like `ShapeError`."""


FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or to read saved tensors after "
    "they were freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd_lib.grad(). Specify retain_graph=True if you need to backward "
    "through the graph a second time or to read saved tensors after calling backward."
)
