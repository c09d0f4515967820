// GNU readline for Swift. The readline manual includes stdio.h first.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
