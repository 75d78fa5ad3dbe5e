"""The two distributions built from the repository: sdists, wheels, fresh installs."""
