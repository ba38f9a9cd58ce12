"""Activity, wellness practices, and caffeine and alcohol."""
