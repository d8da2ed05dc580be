package phone_test

import (
	"fmt"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

func ExampleAnswer() {
	fmt.Print(phone.Answer("alice"))
	fmt.Print(phone.Answer("Grace Hopper"))
	// Output:
	// alice: 555-7479
	// Grace Hopper: 555-5803
}

// An operator parses after every read until the question is decided.
func ExampleParseQuestion() {
	sofar := []byte{}
	for _, chunk := range []string{"  Gra", "ce Hop", "per\r\n"} {
		sofar = append(sofar, chunk...)
		name, ok, err := phone.ParseQuestion(sofar)
		fmt.Printf("%q ok=%v err=%v\n", name, ok, err)
	}
	_, _, err := phone.ParseQuestion([]byte(" \r\n"))
	fmt.Print(err.(phone.Error).Line())
	// Output:
	// "" ok=false err=<nil>
	// "" ok=false err=<nil>
	// "Grace Hopper" ok=true err=<nil>
	// error: empty question
}
