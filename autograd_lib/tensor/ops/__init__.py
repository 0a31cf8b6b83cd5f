"""The tensor engine's operations, one module per family, and their functional API.

Each operation is a `Function` (forward and backward on NumPy arrays); importing this
package adds the Tensor methods and operators that call them (``x.exp()``, ``x + y``,
``x.sum(0)``, ``x[i]``). What a PyTorch user reaches through ``torch`` or
``torch.nn.functional`` is exported here under the same names::

    from autograd_lib.tensor import ops as F

    loss = F.cross_entropy(F.linear(x, w, b), y)

Families: `arithmetic` (+ - * / **, maximum, minimum, where), `elementwise` (exp, log,
relu, ...), `reductions` (sum, mean, max, logsumexp, softmax), `shapes` (reshape, permute,
expand, cat, stack), `indexing` (``x[i]``, ``x[i] = v``), `linalg` (``@``, linear), `losses`
(cross_entropy); `operators` is the table that generates the Python operators;
`vocabulary` holds the helpers backward formulas are written with.
"""

from autograd_lib.tensor.ops.arithmetic import (
    Add,
    Div,
    Maximum,
    Minimum,
    Mul,
    Neg,
    Pow,
    Sub,
    Where,
    maximum,
    minimum,
    where,
)
from autograd_lib.tensor.ops.elementwise import (
    Abs,
    Cast,
    Clamp,
    Clone,
    Exp,
    Log,
    ReLU,
    Sigmoid,
    Sqrt,
    Tanh,
    relu,
    sigmoid,
    tanh,
)
from autograd_lib.tensor.ops.indexing import GetItem, IndexPut, Scatter
from autograd_lib.tensor.ops.linalg import Linear, MatMul, linear
from autograd_lib.tensor.ops.losses import REDUCTIONS, CrossEntropy, cross_entropy
from autograd_lib.tensor.ops.operators import OPERATORS
from autograd_lib.tensor.ops.reductions import (
    LogSoftmax,
    LogSumExp,
    Max,
    MaxDim,
    Mean,
    Min,
    MinDim,
    Softmax,
    Sum,
    log_softmax,
    softmax,
)
from autograd_lib.tensor.ops.shapes import Cat, Expand, Permute, Reshape, Stack, cat, stack
from autograd_lib.tensor.ops.vocabulary import unbroadcast

__all__ = [
    "OPERATORS",
    "REDUCTIONS",
    "Abs",
    "Add",
    "Cast",
    "Cat",
    "Clamp",
    "Clone",
    "CrossEntropy",
    "Div",
    "Exp",
    "Expand",
    "GetItem",
    "IndexPut",
    "Linear",
    "Log",
    "LogSoftmax",
    "LogSumExp",
    "MatMul",
    "Max",
    "MaxDim",
    "Maximum",
    "Mean",
    "Min",
    "MinDim",
    "Minimum",
    "Mul",
    "Neg",
    "Permute",
    "Pow",
    "ReLU",
    "Reshape",
    "Scatter",
    "Sigmoid",
    "Softmax",
    "Sqrt",
    "Stack",
    "Sub",
    "Sum",
    "Tanh",
    "Where",
    "cat",
    "cross_entropy",
    "linear",
    "log_softmax",
    "maximum",
    "minimum",
    "relu",
    "sigmoid",
    "softmax",
    "stack",
    "tanh",
    "unbroadcast",
    "where",
]
