"""Patient-education kiosk: bundled markdown articles, read aloud and printed."""

__version__ = "0.1.0"
