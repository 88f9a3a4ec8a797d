"""``python -m supplygraph``: the command line."""

from supplygraph.cli import main

main()
