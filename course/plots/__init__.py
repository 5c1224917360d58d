"""Plot helpers: `f(ax, result) -> artists`, no file I/O and no domain rules."""
