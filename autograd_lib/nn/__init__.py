"""Part IV, chapter 10: neural-network building blocks on the tensor engine, named as in
``torch.nn``: the `Module` base (`module`), layers (`layers`), loss modules (`loss`), and the
functions they call (`functional`, ``torch.nn.functional``'s names)."""

from autograd_lib.nn import functional
from autograd_lib.nn.generator import manual_seed
from autograd_lib.nn.layers import Dropout, Flatten, Linear, ReLU, Sequential, Sigmoid, Tanh
from autograd_lib.nn.loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from autograd_lib.nn.module import IncompatibleKeys, Module, Parameter, load, save

__all__ = [
    "BCELoss",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "Dropout",
    "Flatten",
    "IncompatibleKeys",
    "Linear",
    "MSELoss",
    "Module",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "functional",
    "load",
    "manual_seed",
    "save",
]
