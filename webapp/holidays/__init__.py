"""The working-day calendar as administrators keep it (节假日安排): entering next year's holidays
from the State Council notice, previewing them, and moving the deadlines of running cases that
were counted Monday-Friday while the year was unknown."""
