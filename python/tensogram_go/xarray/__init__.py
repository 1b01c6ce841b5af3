"""xarray engine ``tensogram_go``: open ``.tgm`` files as lazy xarray Datasets.

``xr.open_dataset(path, engine="tensogram_go", ...)`` opens one message (``message_index``);
:func:`open_datasets` merges every message of a file into Datasets (hypercubes along metadata keys
that vary). Needs the ``xarray`` extra (``pip install tensogram-go[xarray]``); ``import
tensogram_go`` never imports this package. The rules are upstream tensogram-xarray 0.24's, with the
differences listed in the README section "xarray engine".
"""

from ._warn import DataDroppedWarning
from .backend import TensogramBackendEntrypoint, TensogramGoBackendEntrypoint
from .merge import open_datasets

__all__ = ["DataDroppedWarning", "TensogramBackendEntrypoint", "TensogramGoBackendEntrypoint", "open_datasets"]
