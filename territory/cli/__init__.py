"""The ``territory`` command: one module per command group, registered in :mod:`territory.cli.main`.

The top layer: it may import any other; nothing in the library imports it.
"""
