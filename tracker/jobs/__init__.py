"""Long work off the request path: a jobs table, claimed by `tracker worker` or run on RQ."""
