/*
 * zck bench: libzmq's side. Compiled by the kit on first use against the system's libzmq.
 *   zmqbench thr SIZE COUNT       PUSH -> PULL over tcp loopback; prints messages per second
 *   zmqbench lat SIZE ROUNDTRIPS  REQ -> REP over tcp loopback; prints the mean round trip in microseconds
 * Each side runs in its own thread with its own socket, in one context with one I/O thread.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

static void *ctx;
static char endpoint[256];
static int size, count;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void fail(const char *what) {
    fprintf(stderr, "zmqbench: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static void *pusher(void *arg) {
    (void) arg;
    void *push = zmq_socket(ctx, ZMQ_PUSH);
    if (zmq_connect(push, endpoint) != 0) fail("connect");
    char *buf = calloc(1, size > 0 ? size : 1);
    for (int i = 0; i < count; i++) {
        if (zmq_send(push, buf, size, 0) < 0) fail("send");
    }
    free(buf);
    zmq_close(push);
    return NULL;
}

static void *echoer(void *arg) {
    void *rep = arg;
    char *buf = malloc(size + 1);
    for (int i = 0; i < count; i++) {
        int n = zmq_recv(rep, buf, size + 1, 0);
        if (n < 0) fail("recv");
        if (zmq_send(rep, buf, n, 0) < 0) fail("send");
    }
    free(buf);
    return NULL;
}

static void bind_any(void *socket) {
    size_t len = sizeof endpoint;
    if (zmq_bind(socket, "tcp://127.0.0.1:*") != 0) fail("bind");
    if (zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, endpoint, &len) != 0) fail("last endpoint");
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: zmqbench thr|lat SIZE COUNT\n");
        return 2;
    }
    size = atoi(argv[2]);
    count = atoi(argv[3]);
    ctx = zmq_ctx_new();
    pthread_t thread;
    if (strcmp(argv[1], "thr") == 0) {
        void *pull = zmq_socket(ctx, ZMQ_PULL);
        bind_any(pull);
        pthread_create(&thread, NULL, pusher, NULL);
        char *buf = malloc(size + 1);
        double start = 0;
        for (int i = 0; i < count; i++) {
            if (zmq_recv(pull, buf, size + 1, 0) < 0) fail("recv");
            if (i == 0) start = now();
        }
        double elapsed = (now() - start) * count / (count > 1 ? count - 1 : 1);
        pthread_join(thread, NULL);
        printf("%.1f\n", count / elapsed);
        free(buf);
        zmq_close(pull);
    } else if (strcmp(argv[1], "lat") == 0) {
        void *rep = zmq_socket(ctx, ZMQ_REP);
        bind_any(rep);
        pthread_create(&thread, NULL, echoer, rep);
        void *req = zmq_socket(ctx, ZMQ_REQ);
        if (zmq_connect(req, endpoint) != 0) fail("connect");
        char *buf = calloc(1, size + 1);
        double start = now();
        for (int i = 0; i < count; i++) {
            if (zmq_send(req, buf, size, 0) < 0) fail("send");
            if (zmq_recv(req, buf, size + 1, 0) < 0) fail("recv");
        }
        double elapsed = now() - start;
        pthread_join(thread, NULL);
        printf("%.3f\n", elapsed * 1e6 / count);
        free(buf);
        zmq_close(req);
        zmq_close(rep);
    } else {
        fprintf(stderr, "zmqbench: unknown mode %s\n", argv[1]);
        return 2;
    }
    zmq_ctx_term(ctx);
    return 0;
}
