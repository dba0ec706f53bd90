"""Read functions over the store, returning plain typed values (no SQL outside store/)."""
