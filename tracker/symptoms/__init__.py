"""Side effects and symptoms: a catalog led by emotional numbness and brain fog."""
