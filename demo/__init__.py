"""The sample portal: a generated static site of 年报 columns, a local server, and ground truth."""

from .generator import generate_portal
from .roster import write_roster
from .server import serve

__all__ = ["generate_portal", "serve", "write_roster"]
