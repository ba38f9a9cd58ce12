"""The JSON API under /api/v1: personal access tokens, the same services as the pages.

How it is put together and how to add a resource: tracker/api/README.md.
"""
