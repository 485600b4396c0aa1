print("resortsim")
