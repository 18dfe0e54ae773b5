"""Work-plan supervision (seed 十–十二): the plan's tasks, who answers for
them, their deadlines, and which are due soon or overdue."""
