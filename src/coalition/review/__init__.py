"""Review states and the analyst actions that move facts between them (with undo)."""
