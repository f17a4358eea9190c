"""Lets ``python -m hfhate`` behave like the ``hfhate`` command."""

from hfhate.cli.main import main

raise SystemExit(main())
