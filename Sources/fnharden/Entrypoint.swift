import FNHardenCLI

// The executable only starts the command line; everything else is in libraries.
FNHardenCommand.runAndExit()
