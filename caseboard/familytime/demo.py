def add_demo_family_time(seed, today):
    return "no family time yet"
