#include <errno.h>
#include <stdlib.h>

#include "status.h"

int choose_status(int argc, const char *multi_status)
{
	if (multi_status == NULL)
		return argc - 1 > 255 ? 255 : argc - 1;

	char *end;
	errno = 0;
	long value = strtol(multi_status, &end, 10);
	if (errno != 0 || end == multi_status || *end != '\0' || value < 0 || value > 255)
		return -1;
	return (int)value;
}
