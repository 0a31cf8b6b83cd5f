"""Run the notebooks that build the book on kernels whose connections are encrypted.

A Jupyter kernel talks to the process executing the notebook over ZeroMQ sockets, by
default plain TCP on localhost, and ipykernel logs a warning about that each time a kernel
starts: eleven warnings in every build log. jupyter_client can instead hand each kernel
CurveZMQ keys (``transport_encryption="auto"``, taken up when the kernelspec declares
support, as ipykernel's does), which is both safer and quiet.

`encrypt_kernel_connections` makes that the default for every kernel started afterwards in
this process. It is a Sphinx extension (``_config.yml``) because MyST-NB, which executes
the book's notebooks, has no setting for it; `tools/run_chapter.py` calls it too.
"""

from typing import Any

from jupyter_client.manager import KernelManager


def encrypt_kernel_connections() -> None:
    """Make kernels started from now on in this process use encrypted connections."""
    KernelManager.transport_encryption.default_value = "auto"


def setup(app: Any) -> dict[str, bool]:
    """Sphinx entry point: switch encryption on before any notebook is executed."""
    encrypt_kernel_connections()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
