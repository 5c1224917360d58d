"""Interactive widgets: controls -> model -> plot, one module per widget."""
