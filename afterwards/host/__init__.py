"""What a host runs beside the server: encrypted backups and their restore."""
