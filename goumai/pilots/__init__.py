"""The pilot programme (issue 14, seed task 四): the call, the review and the selection."""
