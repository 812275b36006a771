"""mace-tui: run Multi-Agency Child Exploitation meetings from the keyboard."""

__version__ = "0.1.0"
