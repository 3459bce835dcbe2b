"""intervu: practise coding interviews out loud, in the terminal, offline."""

__version__ = "0.1.0"
