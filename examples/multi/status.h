#ifndef STATUS_H
#define STATUS_H

/*
 * The exit status the program chooses: the value of MULTI_STATUS (an integer
 * from 0 to 255) when that variable is set, otherwise the number of arguments
 * (argc - 1, at most 255). Returns -1 when MULTI_STATUS is not such a number.
 */
int choose_status(int argc, const char *multi_status);

#endif
