"""Command-line tools: `flask --app wsgi tracker ...`."""
