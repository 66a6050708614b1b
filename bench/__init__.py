"""Benchmarks: the kiosk beside a bare Qt floor and a Chromium kiosk (``python -m bench``)."""
