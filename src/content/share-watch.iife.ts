const x = navigator.mediaDevices;
void x;
