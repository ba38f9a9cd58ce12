"""Lab results: drug levels and the labs prescribers monitor, with the lab's own range."""
