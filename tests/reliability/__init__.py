"""Reliability: races, crashes and long runs against real servers and databases."""
