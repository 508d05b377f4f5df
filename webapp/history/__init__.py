"""Reading the trail: a brand's timeline, the diagram of a case's path, search and exports."""
