"""`python -m readinggroups` runs the command line."""

from .cli import main

main()
