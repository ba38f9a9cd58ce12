"""Sleep: the Consensus Sleep Diary core items, filed under the morning the user wakes up."""
