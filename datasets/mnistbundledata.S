// The bundled MNIST subset's two gzipped IDX files, built into the library as read-only bytes so
// that an installed program needs no data file beside it. CMake passes the files' absolute paths
// as DS_MNIST_IMAGES_FILE / DS_MNIST_LABELS_FILE and rebuilds this object when they change
// (OBJECT_DEPENDS). The symbols are hidden: only mnistbundle.cpp uses them.
    .section .rodata
    .balign 16
    .globl ds_mnist_images_begin
    .hidden ds_mnist_images_begin
ds_mnist_images_begin:
    .incbin DS_MNIST_IMAGES_FILE
    .globl ds_mnist_images_end
    .hidden ds_mnist_images_end
ds_mnist_images_end:

    .balign 16
    .globl ds_mnist_labels_begin
    .hidden ds_mnist_labels_begin
ds_mnist_labels_begin:
    .incbin DS_MNIST_LABELS_FILE
    .globl ds_mnist_labels_end
    .hidden ds_mnist_labels_end
ds_mnist_labels_end:

// No executable stack for the program that links this.
    .section .note.GNU-stack,"",%progbits
