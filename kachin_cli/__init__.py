"""kachin: a terminal explorer for the history of the Kachin conflict in Myanmar."""

__version__ = "0.1.0"
