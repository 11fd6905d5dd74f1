"""The program itself: its contacts and partners."""
