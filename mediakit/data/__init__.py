"""Package data: character tables, boilerplate patterns and other lists, read with importlib.resources."""
