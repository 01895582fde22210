"""The weekly visits return (who was visited, physical or virtual, by LAC > CP > CIN) and the stored returns."""
