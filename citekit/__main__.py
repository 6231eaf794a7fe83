"""``python -m citekit`` works like ``citekit``."""

from .cli import main

raise SystemExit(main())
