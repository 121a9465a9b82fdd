"""The command line, ``python -m analysis COMMAND ...`` (console script ``news-stance``): one
parser built from shared parent parsers (``parser``), the commands (``commands``) and how tables
leave it (``output``). The top of the package: it may use every layer.
"""
