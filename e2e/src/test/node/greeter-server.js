// A gRPC service written with the Node.js gRPC libraries, not with anything of Aloft's:
// helloworld.Helloworld (unary Call, server streaming Stream) with server reflection.
//   node greeter-server.js <port> <node id>
// Prints "listening <port>" once it accepts calls.
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { ReflectionService } = require('@grpc/reflection');

const [port, nodeId] = process.argv.slice(2);
const definition = protoLoader.loadSync(path.join(__dirname, 'helloworld.proto'), {
  keepCase: true,
  defaults: true,
});
const proto = grpc.loadPackageDefinition(definition).helloworld;

function greeting(name, greeting) {
  const salutation = (greeting && greeting.salutation) || 'Hello';
  const times = Math.max(1, (greeting && greeting.times) || 1);
  return Array(times).fill(`${salutation} ${name}`).join(', ');
}

const server = new grpc.Server();
server.addService(proto.Helloworld.service, {
  Call(call, callback) {
    if (call.request.name === 'fail') {
      callback({ code: grpc.status.FAILED_PRECONDITION, details: 'name: fail is not a name' });
      return;
    }
    const namespace = call.metadata.get('aloft-namespace')[0] || '';
    callback(null, {
      message: greeting(call.request.name, call.request.greeting),
      node: nodeId,
      namespace: String(namespace),
    });
  },
  Stream(call) {
    const count = call.request.count || 1;
    for (let i = 0; i < count; i++) {
      call.write({ message: `Hello ${call.request.name} #${i + 1}`, index: i + 1 });
    }
    call.end();
  },
});
new ReflectionService(definition).addToServer(server);
server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => {
  if (err) {
    console.error(`cannot listen on ${port}: ${err.message}`);
    process.exit(1);
  }
  console.log(`listening ${bound}`);
});
