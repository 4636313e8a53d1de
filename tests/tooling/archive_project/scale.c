int add(int a, int b);
int scale(int value, int factor) {
    int total = 0;
    for (int i = 0; i < factor; i++) total = add(total, value);
    return total;
}
