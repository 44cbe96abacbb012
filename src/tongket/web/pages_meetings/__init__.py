"""Pages of meetings, conclusion notices, tasks, commendations and imported reports."""
