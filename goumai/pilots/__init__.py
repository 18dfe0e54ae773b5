"""The pilot programme (seed task 四): the call, the review and the selection."""
